"""Labelled generator of Indian person records for benchmarking ``link_persons``.

Each true person (with a known ``person_id``) appears 1 to 5 times, as police
forces in Delhi, Noida, Ghaziabad and Gurugram would each have written them:
transliteration variants, initials, swapped order, dropped "Kumar"/"Singh",
one-letter typos, aliases, missing fields, changed phones and addresses, and a
date of birth that is often only a year (sometimes derived from an age, so off
by one). Names are drawn with Zipf-like weights, so common names ("Rahul
Sharma", "Mohd Salman Khan", "Gurpreet Singh") are shared by many DIFFERENT
people, some with the same father's name; brothers share a father, an address
and sometimes a phone.

Usage::

    python bench/persons_gen.py --records 10000 --seed 1 --out-dir /tmp/persons
    # writes /tmp/persons/input.csv and /tmp/persons/truth.csv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

INPUT_HEADER = ["record_id", "name", "father_name", "dob", "gender", "phone", "address", "id_number"]

# --- name pools, roughly in order of popularity (Zipf weights follow order) ---

HINDU_MALE = (
    "Rahul Amit Rajesh Sunil Sanjay Vikas Deepak Ankit Rohit Manoj Ajay Vijay Anil Ravi "
    "Sandeep Pradeep Sachin Gaurav Abhishek Manish Mukesh Rakesh Vishal Nitin Sumit Mohit "
    "Praveen Naveen Suresh Ramesh Dinesh Mahesh Ashok Arun Akash Aman Pankaj Neeraj Yogesh "
    "Jitender Naresh Shubham Varun Karan Saurabh Vivek Ashish Nikhil Sahil Kunal Hemant Kapil "
    "Tarun Harish Lalit Surender Prashant Anuj Himanshu Ankur Dharmender Sushil Alok Vinod "
    "Satish Pawan Rajiv Sonu Monu Bittu Lokesh Ritesh Mayank Ajit Devender Virender Sunny "
    "Rinku Bablu Chetan Kamal Jai_Prakash Om_Prakash Ram_Kishan Shyam_Sunder Ved_Prakash"
).split()
HINDU_FEMALE = (
    "Pooja Priya Neha Sunita Anita Kavita Suman Rekha Manju Seema Geeta Sapna Ritu Preeti "
    "Jyoti Kiran Nisha Payal Komal Shalini Monika Sonia Lakshmi Meena Asha Usha Savita "
    "Poonam Renu Sarita Pinki Radha Anjali Shivani Kajal Deepika Swati Babita"
).split()
HINDU_SURNAME = (
    "Sharma Yadav Gupta Verma Chauhan Jain Aggarwal Garg Mishra Tiwari Pandey Rana Saini "
    "Malik Chaudhary Tyagi Bansal Goel Mittal Dubey Rawat Negi Thakur Tomar Dahiya Sehrawat "
    "Hooda Dalal Sangwan Kashyap Prajapati Jangra Arora Khanna Kapoor Malhotra Mehra Bhatia "
    "Sethi Ahuja Chawla Gulati Bhardwaj Vashisht Kaushik Gaur Srivastava Saxena Mathur Rastogi "
    "Maurya Kushwaha Paswan Jatav Meena Gurjar Bhati Nagar Baisla Solanki Rathore Joshi Pant "
    "Bhatt Prasad Jha Sinha Pathak Rathi Phogat Kataria Lohia"
).split()
HINDU_ELDER = (
    "Ramesh Suresh Om_Prakash Ram_Kumar Mohan_Lal Rajesh Mahesh Satish Krishan Jagdish "
    "Subhash Rajender Mahender Satpal Dharampal Raj_Kumar Vinod Ashok Anil Sunil Naresh "
    "Dinesh Ramesh_Chand Balbir Hari_Om Rampal Ishwar Gopal Rajpal Ved_Prakash Chander "
    "Brij_Mohan Hukam_Chand Jai_Bhagwan Ranbir Randhir Sukhbir Kishan_Lal Madan_Lal "
    "Roshan_Lal Jagdish_Prasad Ram_Avtar Ram_Kishan Ram_Chander Rajbir Raghubir "
    "Tek_Chand Nand_Kishore Mool_Chand Shyam_Lal Ramphal Dayanand Baljeet Karambir"
).split()

MUSLIM_MALE = (
    "Salman Irfan Imran Arif Asif Javed Shahid Rashid Sajid Wasim Nadeem Faizan Aamir Danish "
    "Sameer Zubair Tariq Shakeel Aslam Iqbal Rizwan Faisal Naved Akram Anwar Sohail Adil "
    "Arshad Azhar Ejaz Shahrukh Junaid Owais Saif Shoaib Zeeshan Intezar Naushad Dilshad "
    "Irshad Naseem Yusuf Ayub Haroon Ismail Sabir Saleem Wajid Jameel Shamim Israr Ikram"
).split()
MUSLIM_FEMALE = (
    "Shabana Nazia Rubina Farzana Shaheen Parveen Nargis Afsana Salma Reshma Sana Ayesha "
    "Zainab Fatima Tabassum Heena Rukhsar Shabnam Gulshan Naseem"
).split()
MUSLIM_SURNAME = (
    "Khan Ansari Qureshi Siddiqui Shaikh Malik Saifi Mirza Hussain Ali Ahmed Rizvi Pathan "
    "Chaudhary Abbasi Usmani Farooqui Alvi"
).split()
MUSLIM_ELDER = (
    "Abdul_Rashid Mohammad_Yusuf Abdul_Karim Abdul_Hamid Mohammad_Ishaq Nisar_Ahmed "
    "Bashir_Ahmed Mushtaq_Ahmed Rafiq Shafiq Jamil Aziz Sharif Habib Latif Majid Khalil "
    "Ismail Yakub Noor_Mohammad Sultan Riyaz Akbar_Ali Liyaqat_Ali Sabir_Ali Shaukat_Ali "
    "Abdul_Sattar Abdul_Ghaffar Mohammad_Umar Mohammad_Hanif Abdul_Majeed Shafi_Mohammad"
).split()

SIKH_MALE = (
    "Gurpreet Harpreet Manpreet Jaspreet Harjeet Gurvinder Sukhwinder Balwinder Kulwinder "
    "Jagdeep Amandeep Ravinder Paramjit Inderjit Harinder Jasbir Satnam Gurjeet Lakhwinder "
    "Navdeep Mandeep Kuldeep Sarabjit Hardeep Jaswinder Rajwinder Parminder Gurdeep Tejinder "
    "Davinder Jatinder"
).split()
SIKH_FEMALE = (
    "Gurpreet Harpreet Manpreet Jaspreet Simran Amandeep Navneet Rajwinder Kulwinder Paramjit"
).split()
SIKH_SURNAME = (
    "Dhillon Sandhu Gill Sidhu Brar Grewal Bajwa Randhawa Chahal Virk Bains Sekhon Mann "
    "Aulakh Cheema Walia Bedi Kohli Sodhi"
).split()
SIKH_ELDER = (
    "Gurbachan Kartar Mohinder Surjit Joginder Baldev Gurdev Gurnam Harbans Jarnail Karnail "
    "Ajit Avtar Darshan Balbir Sohan Pritam Bakshish Hazara"
).split()

BENGALI_MALE = (
    "Sourav Subrata Debashish Arindam Sanjib Biswajit Partha Tapas Abhijit Sujoy Pranab "
    "Dipankar Ranjan Sudip Anirban Amit Rajib"
).split()
BENGALI_FEMALE = "Moumita Sanchita Rupa Sharmila Tanushree Mousumi Piyali".split()
BENGALI_SURNAME = (
    "Das Ghosh Chatterjee Banerjee Mukherjee Sen Roy Bose Dutta Saha Mondal Pal Sarkar "
    "Chakraborty Biswas Majumdar"
).split()
BENGALI_ELDER = "Haripada Nimai Gopal Shyamal Tapan Dilip Nirmal Bimal Kamal Swapan Ashim".split()

SOUTH_MALE = (
    "Ramesh Suresh Venkatesh Srinivas Rajesh Karthik Arun Prakash Senthil Murugan Ravi Vijay "
    "Ganesh Anand Balaji Saravanan"
).split()
SOUTH_FEMALE = "Lakshmi Divya Priya Kavya Deepa Revathi".split()
SOUTH_ELDER = (
    "Krishnan Subramanian Raman Narayanan Venkataraman Murthy Gopalan Rangarajan Sekar"
).split()
SOUTH_SURNAME = "Reddy Nair Rao Pillai Menon Iyer Naidu".split()

CHRISTIAN_MALE = "Joseph Thomas George John Peter Anthony Francis Samuel Daniel Michael".split()
CHRISTIAN_FEMALE = "Mary Elizabeth Grace Rose Stella Agnes".split()
CHRISTIAN_SURNAME = "Masih Thomas Mathew D'Souza Fernandes Pinto Rodrigues Gill".split()

# --- the long tail: rarer names after the common ones (a real register has
# thousands of names; without a tail, 50,000 records would hold implausibly
# many exact namesakes with the same father born the same year) ---
HINDU_MALE = HINDU_MALE + (
    "Bharat Vinay Sudhir Rohan Yashpal Jagdeep Kuldeep Sanjeev Rajeev Vineet Puneet "
    "Sumeet Amar Akshay Ajeet Arvind Brijesh Dilip Girish Gopal Harsh Jatin Kamlesh "
    "Kishore Lakhan Mohan Murari Omkar Prem Raghav Rajat Ranjit Sagar Satyam Shankar "
    "Shekhar Shiv Subhash Sudesh Sunder Tej Umesh Vaibhav Vimal Yash Anurag Ashutosh "
    "Devraj Dharam Gulshan Hitesh Inder Jagbir Kartik Keshav Lavkush Madan Manohar "
    "Narender Nitesh Pushpender Rajkumar Ramkesh Rishi Sombir Surajbhan Upender "
    "Vikram Yogender Ankush Deepanshu Gagan "
).split()
HINDU_FEMALE = HINDU_FEMALE + (
    "Aarti Alka Ankita Archana Bhawna Chanchal Divya Garima Hema Indu Jaya Kamla "
    "Khushboo Lata Madhu Mamta Meenakshi Neelam Nidhi Nirmala Pallavi Pushpa Rajni "
    "Rashmi Reena Sangeeta Santosh Saroj Shanti Sharda Sheetal Shweta Sonam Sudha "
    "Sushma Tanu Urmila Vandana Varsha Vimla "
).split()
HINDU_SURNAME = HINDU_SURNAME + (
    "Bhatnagar Chopra Dixit Goswami Dhankhar Dagar Lamba Ahlawat Khatri Nain Punia "
    "Sheoran Beniwal Godara Shukla Tripathi Upadhyay Dwivedi Chaturvedi Awasthi "
    "Bajpai Kaushal Singhal Mangla Jindal Goyal Singla Kansal Tayal Aneja Batra Bajaj "
    "Dhingra Grover Juneja Kalra Luthra Madaan Narang "
).split()
HINDU_ELDER = HINDU_ELDER + (
    "Amar_Singh Bhim_Singh Bishan Chandgi_Ram Dalip Devi_Dayal Ganga_Ram "
    "Hoshiyar_Singh Inder_Singh Jile_Singh Kanwar_Pal Lekh_Raj Mange_Ram Net_Ram "
    "Prabhu_Dayal Rati_Ram Sadhu_Ram Sher_Singh Sube_Singh Tara_Chand Umed_Singh "
    "Vijender Wazir_Singh Bal_Kishan Daya_Ram Fateh_Singh Hans_Raj Jai_Kishan "
    "Khem_Chand Lal_Chand Mahavir Nathu_Ram Puran_Chand Shiv_Charan Sita_Ram "
    "Surat_Singh Trilok_Chand "
).split()
MUSLIM_MALE = MUSLIM_MALE + (
    "Aarif Abid Afzal Ahsan Akhtar Alam Altaf Amjad Anees Aqeel Asad Ashraf Athar "
    "Ayaz Babar Farhan Farooq Ghulam Hamid Hasan Imtiyaz Jabbar Kaleem Kamran Khalid "
    "Mehboob Mubarak Mumtaz Nafees Nasir Nawab Parvez Qasim Raees Rafi Rehan Sarfaraz "
    "Shadab Shahnawaz Tabrez Tahir Wasiq Yameen Zafar Zaheer Zakir "
).split()
MUSLIM_FEMALE = MUSLIM_FEMALE + (
    "Aafreen Aamna Amreen Anjum Asma Bushra Firdaus Gulnaz Haseena Ishrat Jannat "
    "Kausar Mehjabeen Nasreen Nilofar Noor Rehana Saba Sabina Samina Shagufta Sultana "
    "Yasmin Zarina "
).split()
MUSLIM_SURNAME = MUSLIM_SURNAME + (
    "Beg Naqvi Zaidi Jafri Kazmi Raza Mansoori Salmani Idrisi Rangrez "
).split()
MUSLIM_ELDER = MUSLIM_ELDER + (
    "Abdul_Aziz Abdul_Jabbar Abdul_Latif Abdul_Qadir Abdul_Rehman Abdul_Wahid "
    "Ahmad_Hasan Ali_Hasan Anwar_Hussain Habibullah Hafiz Iqbal_Ahmed Jamaluddin "
    "Kamaluddin Khursheed Mehmood Mohammad_Ali Mohammad_Ilyas Mohammad_Rafiq "
    "Mohammad_Salim Nasiruddin Nizamuddin Qamruddin Rahmat_Ali Rashid_Ahmed "
    "Sabir_Hussain Shamsuddin Wahid_Ali Zahid_Hussain Zameer_Ahmed "
).split()
SIKH_MALE = SIKH_MALE + (
    "Amarjeet Baljit Bhupinder Charanjit Daljit Gurcharan Gurmeet Harbhajan Harmeet "
    "Jagjit Jasvir Kanwaljit Karamjit Kirpal Nirmal Rajinder Ranjit Sukhdev "
    "Sukhjinder Surinder Taranjit "
).split()
SIKH_FEMALE = SIKH_FEMALE + (
    "Baljinder Gurmeet Harjinder Jasleen Kamaljit Manjit Navjot Ravneet Sukhwinder "
    "Tejinder "
).split()
SIKH_SURNAME = SIKH_SURNAME + (
    "Dhaliwal Johal Kang Khaira Pannu Sangha Toor Uppal "
).split()
SIKH_ELDER = SIKH_ELDER + (
    "Bachan Chanan Dalip Gian Gurmukh Inder Jaswant Kehar Lakha Mehar Nachhattar "
    "Piara Sadhu Swaran Teja "
).split()
BENGALI_MALE = BENGALI_MALE + (
    "Ashis Bikash Debabrata Goutam Indranil Joydeep Kaushik Mrinal Nilanjan Prasenjit "
    "Rana Sandip Somnath Subhajit Tanmoy "
).split()
BENGALI_FEMALE = BENGALI_FEMALE + (
    "Ananya Debjani Ishita Madhumita Paromita Rituparna Sreemoyee "
).split()
BENGALI_SURNAME = BENGALI_SURNAME + (
    "Bhattacharya Chowdhury Dey Ganguly Guha Kar Mitra Nandi Sanyal "
).split()
BENGALI_ELDER = BENGALI_ELDER + (
    "Ajit Amal Biren Dulal Gour Haren Jiban Manik Nitai Paresh Ranjit Sunil "
).split()
SOUTH_MALE = SOUTH_MALE + (
    "Ashok Dinesh Gopi Hari Jagadeesh Kannan Krishna Lokesh Madhavan Manikandan "
    "Naveen Pandian Raghu Rajkumar Sathish Siva Subash Sundar Thiru Vinoth "
).split()
SOUTH_FEMALE = SOUTH_FEMALE + (
    "Anitha Bhuvana Geetha Jayanthi Kalpana Meena Padma Saranya Shanthi Vasanthi "
).split()
SOUTH_ELDER = SOUTH_ELDER + (
    "Arumugam Balasubramanian Chandrasekhar Duraisamy Ganesan Jayaraman Kandasamy "
    "Mahalingam Natarajan Palanisamy Ramasamy Selvaraj Thangaraj Velusamy "
).split()
SOUTH_SURNAME = SOUTH_SURNAME + (
    "Gowda Hegde Kurup Shetty Varma "
).split()
CHRISTIAN_MALE = CHRISTIAN_MALE + (
    "Abraham Benjamin David Emmanuel Jacob James Mathew Paul Philip Stephen "
).split()
CHRISTIAN_FEMALE = CHRISTIAN_FEMALE + (
    "Anna Celine Jessy Lily Martha Susan "
).split()

COMMUNITIES = (
    ("hindu", 0.66), ("muslim", 0.17), ("sikh", 0.08), ("bengali", 0.04),
    ("south", 0.03), ("christian", 0.02),
)

ALIASES = "Pappu Bablu Sonu Monu Guddu Chhotu Kallu Raju Bunty Lucky Golu Tinku".split()

# --- spelling variants a clerk might use (deliberately broader than what the
# engine's dictionary knows, so the engine is not graded on its own table) ---

VARIANT_GROUPS = (
    ("Mohammad", "Mohammed", "Mohd", "Mohd.", "Md", "Md.", "Muhammad", "Mohamad", "Mohamed"),
    ("Chaudhary", "Choudhary", "Chaudhry", "Chowdhary", "Choudhry", "Chaudhari"),
    ("Sharma", "Sarma"),
    ("Lakshmi", "Laxmi"),
    ("Qureshi", "Kureshi", "Quraishi"),
    ("Siddiqui", "Siddiqi", "Siddiqui"),
    ("Ahmed", "Ahmad"),
    ("Hussain", "Husain", "Hussein"),
    ("Rashid", "Rasheed"),
    ("Aggarwal", "Agarwal", "Agrawal"),
    ("Srivastava", "Shrivastava", "Srivastav"),
    ("Shaikh", "Sheikh", "Shekh"),
    ("Jitender", "Jitendra", "Jeetender"),
    ("Surender", "Surendra", "Surinder"),
    ("Dharmender", "Dharmendra"),
    ("Devender", "Devendra", "Davinder"),
    ("Virender", "Virendra", "Birender"),
    ("Mahender", "Mahendra", "Mohinder"),
    ("Rajender", "Rajendra", "Rajinder"),
    ("Pradeep", "Pardeep", "Pradip"),
    ("Praveen", "Parveen", "Pravin"),
    ("Sandeep", "Sandip"),
    ("Gaurav", "Gourav"),
    ("Saurabh", "Sourabh"),
    ("Vishal", "Vishaal"),
    ("Subhash", "Subash"),
    ("Yadav", "Yadava"),
    ("Chauhan", "Chouhan"),
    ("Sukhwinder", "Sukhvinder"),
    ("Balwinder", "Balvinder"),
    ("Kulwinder", "Kulvinder"),
    ("Jaswinder", "Jasvinder"),
    ("Rajwinder", "Rajvinder"),
    ("Lakhwinder", "Lakhvinder"),
    ("Shahrukh", "Sharukh", "Shahrukh"),
    ("Faizan", "Faijan"),
    ("Zeeshan", "Jeeshan"),
    ("Intezar", "Intjar", "Intezaar"),
    ("Yusuf", "Yousuf", "Yusuff"),
    ("Ayub", "Ayyub"),
    ("Jameel", "Jamil"),
    ("Saleem", "Salim"),
    ("Naseem", "Nasim"),
    ("Shakeel", "Shakil"),
    ("Haroon", "Harun"),
    ("Liyaqat", "Liyakat"),
    ("Riyaz", "Riyaj", "Riaz"),
    ("Nisar", "Nissar"),
    ("Gurvinder", "Gurwinder"),
    ("Gurjeet", "Gurjit"),
    ("Harjeet", "Harjit"),
    ("Inderjit", "Inderjeet"),
    ("Paramjit", "Paramjeet"),
    ("Sarabjit", "Sarabjeet"),
    ("Pooja", "Puja"),
    ("Jyoti", "Jyoty"),
    ("Geeta", "Gita"),
    ("Seema", "Sima"),
    ("Preeti", "Priti"),
    ("Krishan", "Kishan", "Krishna"),
    ("Chander", "Chandra", "Chand"),
    ("Sourav", "Saurav", "Sourabh"),
    ("Debashish", "Debasis", "Debashis"),
    ("Biswajit", "Biswajeet"),
    ("Sujoy", "Sujay"),
    ("Chakraborty", "Chakravarty", "Chakrabarti"),
    ("Mukherjee", "Mukherji"),
    ("Banerjee", "Banerji"),
    ("Chatterjee", "Chatterji"),
    ("Venkatesh", "Venkatesan"),
    ("Srinivas", "Srinivasan", "Shrinivas"),
    ("Karthik", "Kartik"),
)
_VARIANTS = {
    spelling.lower(): group for group in VARIANT_GROUPS for spelling in group
}
FILLER_WORDS = {"kumar", "singh", "kaur", "devi", "kumari", "lal"}

# --- addresses ---

DELHI_COLONIES = (
    "Uttam Nagar|Laxmi Nagar|Seelampur|Jamia Nagar|Sangam Vihar|Mehrauli|Dwarka|Rohini|"
    "Shahdara|Mayur Vihar|Kapashera|Najafgarh|Nangloi|Sultanpuri|Jahangirpuri|Okhla|"
    "Govindpuri|Tughlakabad|Mundka|Burari|Karawal Nagar|Mustafabad|Trilokpuri|Palam"
).split("|")
NCR_PLACES = (
    ("Gurugram", "Sikanderpur|Chakkarpur|Nathupur|Kanhai|Wazirabad|Jharsa|Carterpuri|"
     "Dundahera|Mullahera|Sarhol|Palam Vihar|Sheetla Colony|Ashok Vihar|Shivaji Nagar"),
    ("Noida", "Sector 12|Sector 22|Sector 49|Sector 62|Mamura|Hoshiyarpur|Bhangel|"
     "Salarpur|Chhalera|Nithari|Morna|Barola"),
    ("Ghaziabad", "Khoda Colony|Vijay Nagar|Loni|Indirapuram|Pratap Vihar|Shalimar Garden|"
     "Sahibabad|Kaushambi|Vaishali|Raj Nagar"),
    ("Faridabad", "NIT|Ballabgarh|Sanjay Colony|Jawahar Colony|Dabua Colony|Sainik Colony"),
)
VILLAGES = (
    "Rampur|Khedi|Bhondsi|Daulatabad|Kasan|Naurangpur|Badshahpur|Sohna|Tauru|Nuh|Hathin|"
    "Palwal|Hodal|Jhajjar|Bahadurgarh|Rohtak|Bhiwani|Meerut|Hapur|Bulandshahr|Aligarh|"
    "Muzaffarnagar|Shamli|Baghpat|Mathura|Bareilly|Moradabad|Rampur Maniharan|Darbhanga|"
    "Sitamarhi|Madhubani|Jamtara|Deoghar|Alwar|Bharatpur|Mewat"
).split("|")
DISTRICTS = ("Gurugram", "Nuh", "Palwal", "Jhajjar", "Rohtak", "Meerut", "Hapur", "Aligarh",
             "Darbhanga", "Jamtara", "Alwar", "Bharatpur", "Bareilly", "Moradabad")
STATES = ("Haryana", "Uttar Pradesh", "Bihar", "Jharkhand", "Rajasthan")


@dataclass
class Person:
    """One true person, with every fact any record of them may show."""

    person_id: str
    community: str
    gender: str
    name: list[str]
    father: list[str]
    husband: list[str] | None
    dob: date
    phones: list[str]
    addresses: list[str]
    aadhaar: str | None
    pan: str | None
    passport: str | None
    aliases: list[str] = field(default_factory=list)


def _zipf_choice(rng: random.Random, items: list[str] | tuple[str, ...], s: float = 1.0) -> str:
    """Pick from a list ordered by popularity, with weight 1 / (rank + 3) ** s."""
    weights = [1.0 / (rank + 3) ** s for rank in range(len(items))]
    return rng.choices(items, weights=weights)[0]


def _words(choice: str) -> list[str]:
    """Tokens of a pool entry; "Om_Prakash" is one given name of two words."""
    return choice.split("_")


def _hindu_name(rng: random.Random, gender: str) -> tuple[list[str], str | None]:
    surname = _zipf_choice(rng, HINDU_SURNAME, 1.05)
    if gender == "F":
        first = _words(_zipf_choice(rng, HINDU_FEMALE))
        pattern = rng.choices(
            ("fs", "f_devi", "f_kumari", "f", "f_kumari_s"), weights=(50, 20, 10, 10, 10)
        )[0]
        rest = {"fs": [surname], "f_devi": ["Devi"], "f_kumari": ["Kumari"], "f": [],
                "f_kumari_s": ["Kumari", surname]}[pattern]
        return first + rest, surname if surname in rest else None
    first = _words(_zipf_choice(rng, HINDU_MALE))
    pattern = rng.choices(
        ("fs", "fks", "fk", "f_singh", "fss", "f"), weights=(52, 13, 16, 7, 6, 6)
    )[0]
    rest = {"fs": [surname], "fks": ["Kumar", surname], "fk": ["Kumar"], "f_singh": ["Singh"],
            "fss": ["Singh", surname], "f": []}[pattern]
    return first + rest, surname if surname in rest else None


def _hindu_father(rng: random.Random, surname: str | None) -> list[str]:
    first = _words(_zipf_choice(rng, HINDU_ELDER, 0.9))
    if surname and rng.random() < 0.8:
        return first + [surname]
    tail = rng.choice(([], ["Kumar"], ["Singh"], ["Lal"], [_zipf_choice(rng, HINDU_SURNAME)]))
    return first + (tail if tail and tail[0] not in first else [])


def _muslim_name(rng: random.Random, gender: str) -> tuple[list[str], str | None]:
    surname = _zipf_choice(rng, MUSLIM_SURNAME, 1.2) if rng.random() < 0.78 else None
    if gender == "F":
        tail = [surname] if surname else [rng.choice(("Begum", "Khatoon", "Bano"))]
        return [_zipf_choice(rng, MUSLIM_FEMALE)] + tail, surname
    first = [_zipf_choice(rng, MUSLIM_MALE)]
    if rng.random() < 0.38:
        first = [rng.choice(VARIANT_GROUPS[0][:5])] + first
    return first + ([surname] if surname else []), surname


def _muslim_father(rng: random.Random, surname: str | None) -> list[str]:
    first = _words(_zipf_choice(rng, MUSLIM_ELDER, 0.9))
    if surname and rng.random() < 0.65 and surname not in first:
        return first + [surname]
    return first


def _sikh_name(rng: random.Random, gender: str) -> tuple[list[str], str | None]:
    surname = _zipf_choice(rng, SIKH_SURNAME) if rng.random() < 0.6 else None
    first = _zipf_choice(rng, SIKH_FEMALE if gender == "F" else SIKH_MALE)
    return [first, "Kaur" if gender == "F" else "Singh"] + ([surname] if surname else []), surname


def _sikh_father(rng: random.Random, surname: str | None) -> list[str]:
    first = _zipf_choice(rng, SIKH_ELDER)
    return [first, "Singh"] + ([surname] if surname and rng.random() < 0.8 else [])


def _simple_name(
    rng: random.Random, gender: str, male: list[str], female: list[str], surnames: list[str]
) -> tuple[list[str], str]:
    surname = _zipf_choice(rng, surnames)
    return [_zipf_choice(rng, female if gender == "F" else male), surname], surname


def _south_name(rng: random.Random, gender: str, father: list[str]) -> list[str]:
    given = _zipf_choice(rng, SOUTH_FEMALE if gender == "F" else SOUTH_MALE)
    style = rng.random()
    if style < 0.5:
        return [father[0][0] + ".", given]  # "K. Ramesh": the initial is the father's
    if style < 0.75:
        return [given, father[0]]
    return [given, rng.choice(SOUTH_SURNAME)]


def _make_names(
    rng: random.Random, community: str, gender: str
) -> tuple[list[str], list[str]]:
    """(name tokens, father's name tokens) for a new person of a community."""
    if community == "hindu":
        name, surname = _hindu_name(rng, gender)
        return name, _hindu_father(rng, surname)
    if community == "muslim":
        name, surname = _muslim_name(rng, gender)
        return name, _muslim_father(rng, surname)
    if community == "sikh":
        name, surname = _sikh_name(rng, gender)
        return name, _sikh_father(rng, surname)
    if community == "bengali":
        name, surname = _simple_name(rng, gender, BENGALI_MALE, BENGALI_FEMALE, BENGALI_SURNAME)
        return name, [_zipf_choice(rng, BENGALI_ELDER), surname]
    if community == "south":
        father = [_zipf_choice(rng, SOUTH_ELDER)]
        return _south_name(rng, gender, father), father
    name, surname = _simple_name(rng, gender, CHRISTIAN_MALE, CHRISTIAN_FEMALE, CHRISTIAN_SURNAME)
    return name, [rng.choice(CHRISTIAN_MALE), surname]


def _husband(rng: random.Random, community: str) -> list[str]:
    name, _ = _make_names(rng, community, "M")
    return name


def _phone(rng: random.Random) -> str:
    first = rng.choices("9876", weights=(45, 25, 20, 10))[0]
    return first + "".join(rng.choice(string.digits) for _ in range(9))


def _address(rng: random.Random) -> str:
    kind = rng.random()
    house = rng.randint(1, 999)
    if kind < 0.3:
        return f"H.No. {house}, Gali No. {rng.randint(1, 20)}, {rng.choice(DELHI_COLONIES)}, Delhi"
    if kind < 0.6:
        city, places = rng.choice(NCR_PLACES)
        return f"House No. {house}, {rng.choice(places.split('|'))}, {city}"
    if kind < 0.7:
        return f"Flat {house}, Tower {rng.choice('ABCDEFGH')}, Sector {rng.randint(1, 115)}, Gurugram"
    village = rng.choice(VILLAGES)
    return (
        f"Village {village}, P.O. {rng.choice(VILLAGES)}, "
        f"District {rng.choice(DISTRICTS)}, {rng.choice(STATES)}"
    )


def _dob(rng: random.Random) -> date:
    # Mostly young callers, some older organisers ("masterminds").
    age = rng.randint(19, 35) if rng.random() < 0.8 else rng.randint(36, 60)
    return date(2020, 1, 1) - timedelta(days=365 * age + rng.randint(0, 364))


def _new_person(rng: random.Random, person_id: str) -> Person:
    community = rng.choices([c for c, _ in COMMUNITIES], weights=[w for _, w in COMMUNITIES])[0]
    gender = "M" if rng.random() < 0.82 else "F"
    name, father = _make_names(rng, community, gender)
    married = gender == "F" and rng.random() < 0.6
    return Person(
        person_id=person_id,
        community=community,
        gender=gender,
        name=name,
        father=father,
        husband=_husband(rng, community) if married else None,
        dob=_dob(rng),
        phones=[_phone(rng) for _ in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0])],
        addresses=[_address(rng) for _ in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0])],
        aadhaar="".join(rng.choice(string.digits) for _ in range(12)) if rng.random() < 0.9 else None,
        pan=_pan(rng, name) if rng.random() < 0.4 else None,
        passport=rng.choice("JKLMNPRSTUVZ") + "".join(rng.choice(string.digits) for _ in range(7))
        if rng.random() < 0.1 else None,
        aliases=[rng.choice(ALIASES)] if rng.random() < 0.15 else [],
    )


def _pan(rng: random.Random, name: list[str]) -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + "P"
    return letters + name[-1][0].upper() + f"{rng.randint(0, 9999):04d}" + rng.choice(string.ascii_uppercase)


def _sibling(rng: random.Random, person_id: str, of: Person) -> Person:
    """A brother or sister: same father, family address, maybe the family phone."""
    sib = _new_person(rng, person_id)
    for _ in range(20):
        name, _ = _make_names(rng, of.community, sib.gender)
        if name[0] != of.name[0]:
            break
    if of.community == "hindu" and len(of.name) > 1 and of.name[-1].lower() not in FILLER_WORDS:
        name = name[:1] + of.name[1:]  # the family surname
    sib.community, sib.name, sib.father = of.community, name, list(of.father)
    sib.dob = of.dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 8 * 365))
    sib.addresses[0] = of.addresses[0]
    if rng.random() < 0.15:
        sib.phones[0] = of.phones[0]
    return sib


# --- corruption of one appearance ---

def _variant(rng: random.Random, token: str) -> str:
    group = _VARIANTS.get(token.lower())
    if group:
        return rng.choice(group)
    # Most names have one usual spelling; only some get a clerk's own.
    return _generic_variant(rng, token) if rng.random() < 0.5 else token


_GENERIC_RULES = (
    ("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("w", "v"), ("v", "w"),
    ("sh", "s"), ("ph", "f"), ("z", "j"), ("q", "k"), ("ay", "ai"), ("ai", "ay"),
    ("th", "t"), ("aa", "a"),
)


def _generic_variant(rng: random.Random, token: str) -> str:
    lowered = token.lower()
    rules = [(a, b) for a, b in _GENERIC_RULES if a in lowered[1:]]
    if not rules:
        return token
    a, b = rng.choice(rules)
    at = lowered.index(a, 1)
    changed = lowered[:at] + b + lowered[at + len(a):]
    return changed.capitalize()


_KEYBOARD_NEIGHBOURS = {
    "a": "sq", "e": "wr", "i": "uo", "o": "ip", "u": "yi", "n": "bm", "m": "n", "r": "et",
    "s": "ad", "t": "ry", "h": "gj", "l": "k", "k": "jl", "d": "sf", "p": "o", "v": "bc",
    "j": "hk", "g": "fh", "b": "vn", "y": "tu",
}


def _typo(rng: random.Random, token: str) -> str:
    """One-letter edit, never on the first letter (clerks rarely miss that)."""
    if len(token) < 4:
        return token
    at = rng.randint(1, len(token) - 1)
    kind = rng.random()
    char = token[at].lower()
    if kind < 0.35:
        replacement = rng.choice(_KEYBOARD_NEIGHBOURS.get(char, "aeiou"))
        return token[:at] + replacement + token[at + 1:]
    if kind < 0.6:
        return token[:at] + token[at + 1:]
    if kind < 0.8 and at < len(token) - 1:
        return token[:at] + token[at + 1] + token[at] + token[at + 2:]
    return token[:at] + token[at] + token[at:]


def _render_name(rng: random.Random, tokens: list[str], rate: float, aliases: list[str]) -> str:
    """Write a name as one clerk would, with corruption probabilities scaled by ``rate``."""
    words = [_variant(rng, t) if rng.random() < 0.2 * rate else t for t in tokens]
    fillers = [w for w in words if w.lower() in FILLER_WORDS]
    if fillers and len(words) > len(fillers) and rng.random() < 0.35 * rate:
        drop = rng.choice(fillers)
        words = [w for w in words if w != drop]
    if rng.random() < 0.1 * rate:
        at = rng.randrange(len(words))
        words[at] = _typo(rng, words[at])
    if len(words) >= 2 and rng.random() < 0.08 * rate:
        words = _initials(rng, words)
    if len(words) >= 2 and rng.random() < 0.07 * rate:
        words = [words[-1]] + words[:-1]
    text = " ".join(words)
    if rng.random() < 0.04:
        text = rng.choice(("Sh. ", "Shri ", "Mr. ", "Sh ")) + text
    if aliases and rng.random() < 0.3:
        text += rng.choice((" @ ", " alias ", " @")) + aliases[0]
    return _case(rng, text)


def _initials(rng: random.Random, words: list[str]) -> list[str]:
    """"Rajesh Kumar Sharma" -> "R. K. Sharma" / "R.K. Sharma" / "RK Sharma"."""
    heads = [w[0].upper() for w in words[:-1]]
    style = rng.random()
    if style < 0.4:
        return [". ".join(heads) + ".", words[-1]]
    if style < 0.7:
        return [".".join(heads) + ".", words[-1]]
    if style < 0.85:
        return ["".join(heads), words[-1]]
    return heads + [words[-1]]


def _case(rng: random.Random, text: str) -> str:
    style = rng.random()
    if style < 0.4:
        return text.upper()
    if style < 0.9:
        return text
    return text.lower()


def _render_dob(rng: random.Random, dob: date) -> str:
    kind = rng.random()
    if kind < 0.12:
        return ""
    if kind < 0.32:
        return str(dob.year)
    if kind < 0.50:
        # The other force knew only an age on the day of arrest.
        arrest = date(rng.randint(2017, 2020), rng.randint(1, 12), rng.randint(1, 28))
        age = (arrest - dob).days // 365
        return str(arrest.year - age)
    if rng.random() < 0.03:
        return _dob_typo(rng, dob)
    return dob.isoformat()


def _dob_typo(rng: random.Random, dob: date) -> str:
    if dob.day <= 12 and dob.day != dob.month:
        return f"{dob.year:04d}-{dob.day:02d}-{dob.month:02d}"  # day and month swapped
    return f"{dob.year + rng.choice((-1, 1)):04d}-{dob.month:02d}-{dob.day:02d}"


def _render_phone(rng: random.Random, person: Person, everyone: list[Person]) -> str:
    kind = rng.random()
    if kind < 0.35:
        return ""
    if kind < 0.365:
        # A co-accused's or the call centre's number written against this person.
        phones = [rng.choice(rng.choice(everyone).phones)]
    elif kind < 0.43 and len(person.phones) > 1:
        phones = rng.sample(person.phones, 2)
    else:
        phones = [rng.choice(person.phones)]
    return " / ".join(_format_phone(rng, p) for p in phones)


def _format_phone(rng: random.Random, phone: str) -> str:
    style = rng.random()
    if style < 0.35:
        return phone
    if style < 0.55:
        return "+91 " + phone[:5] + " " + phone[5:]
    if style < 0.7:
        return "0" + phone
    if style < 0.85:
        return phone[:5] + "-" + phone[5:]
    return "+91-" + phone


_ADDRESS_SWAPS = (
    ("H.No.", "House No."), ("House No.", "H. No."), ("Gurugram", "Gurgaon"),
    ("District", "Distt."), ("P.O.", "PO"), ("Village", "Vill."), ("Gali No.", "Gali"),
)


def _render_address(rng: random.Random, person: Person) -> str:
    if rng.random() < 0.15:
        return ""
    address = rng.choice(person.addresses)
    for old, new in _ADDRESS_SWAPS:
        if old in address and rng.random() < 0.3:
            address = address.replace(old, new)
    if rng.random() < 0.1:
        address = ", ".join(address.split(", ")[-2:])  # only locality and city
    return _case(rng, address)


def _render_id(rng: random.Random, person: Person) -> str:
    if rng.random() > 0.3:
        return ""
    options: list[tuple[str, float]] = []
    if person.aadhaar:
        options += [(person.aadhaar, 0.3), (_keyed_hash(person.aadhaar), 0.35)]
    if person.pan:
        options.append((person.pan, 0.25))
    if person.passport:
        options.append((person.passport, 0.1))
    if not options:
        return ""
    value = rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]
    if rng.random() < 0.01:
        at = rng.randrange(len(value))
        value = value[:at] + rng.choice(string.digits) + value[at + 1:]
    if len(value) == 12 and value.isdigit() and rng.random() < 0.5:
        value = f"{value[:4]} {value[4:8]} {value[8:]}"
    return value


def _keyed_hash(aadhaar: str) -> str:
    # Stands in for the registry's HMAC of the Aadhaar number (DPDP Act: never keep it whole).
    return hashlib.sha256(b"bench-key|" + aadhaar.encode()).hexdigest()


def _render_gender(rng: random.Random, person: Person) -> str:
    kind = rng.random()
    if kind < 0.10:
        return ""
    if kind < 0.105:
        return "F" if person.gender == "M" else "M"  # a clerk's slip
    return person.gender


def _render_record(rng: random.Random, person: Person, everyone: list[Person]) -> dict[str, str]:
    relation = person.father
    if person.husband and rng.random() < 0.3:
        relation = person.husband  # "w/o": the husband's name in the father's column
    father = "" if rng.random() < 0.12 else _render_name(rng, relation, 0.8, [])
    if father and rng.random() < 0.05:
        father = "Late " + father
    return {
        "name": _render_name(rng, person.name, 1.0, person.aliases),
        "father_name": father,
        "dob": _render_dob(rng, person.dob),
        "gender": _render_gender(rng, person),
        "phone": _render_phone(rng, person, everyone),
        "address": _render_address(rng, person),
        "id_number": _render_id(rng, person),
    }


def _people(rng: random.Random, n_records: int) -> list[tuple[Person, int]]:
    """True persons with how many records each contributes, summing to ``n_records``."""
    people: list[tuple[Person, int]] = []
    total = 0
    while total < n_records:
        person_id = f"T{len(people):06d}"
        if people and rng.random() < 0.05:
            person = _sibling(rng, person_id, rng.choice(people)[0])
        else:
            person = _new_person(rng, person_id)
        count = min(rng.choices((1, 2, 3, 4, 5), weights=(40, 25, 17, 11, 7))[0], n_records - total)
        people.append((person, count))
        total += count
    return people


def generate(n_records: int, seed: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``n_records`` shuffled input rows and the truth ``{record_id: person_id}``."""
    rng = random.Random(seed)
    people = _people(rng, n_records)
    everyone = [person for person, _ in people]
    rows: list[tuple[str, dict[str, str]]] = []
    for person, count in people:
        for _ in range(count):
            rows.append((person.person_id, _render_record(rng, person, everyone)))
    rng.shuffle(rows)
    records: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for index, (person_id, row) in enumerate(rows):
        record_id = f"R{index + 1:07d}"
        records.append({"record_id": record_id, **row})
        truth[record_id] = person_id
    return records, truth


def write_csv(records: list[dict[str, str]], truth: dict[str, str], out_dir: Path) -> tuple[Path, Path]:
    """Write ``input.csv`` (the command's input) and ``truth.csv`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    input_path, truth_path = out_dir / "input.csv", out_dir / "truth.csv"
    with input_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INPUT_HEADER)
        writer.writeheader()
        writer.writerows(records)
    with truth_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows(truth.items())
    return input_path, truth_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out-dir", type=Path, default=Path("bench/out/persons"))
    args = parser.parse_args()
    records, truth = generate(args.records, args.seed)
    input_path, truth_path = write_csv(records, truth, args.out_dir)
    print(f"wrote {len(records)} records of {len(set(truth.values()))} persons: {input_path}, {truth_path}")


if __name__ == "__main__":
    main()
