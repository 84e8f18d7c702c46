"""Models of verification, one module per sub-domain: licences, agencies and letters, inspections."""
from .agencies import Agency, LetterTemplate
from .letters import AnswerImport, Letter, LetterEnclosure, LetterReminder, LetterReply, LetterSeries
from .licences import Licence

__all__ = ["Agency", "AnswerImport", "Letter", "LetterEnclosure", "LetterReminder", "LetterReply", "LetterSeries", "LetterTemplate",
           "Licence"]
